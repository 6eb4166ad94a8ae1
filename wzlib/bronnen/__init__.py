"""Sources: turn CBS tables, folders in the import format, local inputs, map boundaries and partner sheets
into the canonical tables (wzlib.gegevens). Only this layer knows about cbsodata, file formats and caches."""
