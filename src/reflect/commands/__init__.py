"""Thin commands: parse options, call the domain layer, hand the result to a renderer.

Each module imports only typer at the top; everything heavier is imported inside the command that needs it, so
`reflect --help` stays fast.
"""
