"""The store: connection and encryption, migrations, and the Journal. The only package that talks SQL."""
