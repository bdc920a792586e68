"""Documents in and out: the reflect/1 JSON document, its streaming reader, jrnl, export writers."""
