"""What commands share: opening a journal, the demo tour, the journal's health checks."""
