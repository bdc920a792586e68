"""Privacy: the identifier detector, redaction levels, passphrase sources, private answers, text safety."""
