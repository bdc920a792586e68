"""The domain: the entry model and its validator, vocabularies, prompt packs, stance tables, dates."""
