"""Pure analysis over rows from the store: functions that return facts, never sentences, never SQL."""
