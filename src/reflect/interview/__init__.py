"""Asking: the interview, the Asker seam (the only importer of questionary), the save-time guard, the editor."""
