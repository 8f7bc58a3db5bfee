"""The pure core: model, lexicon, parse, derive, edit (plan, apply, verify), refs.

No I/O: text in, documents and edits out. Imports only `trackmd.core`."""
