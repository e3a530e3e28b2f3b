"""Tools for rule authors: `cleaner rules new` (scaffold), `rules test` and `rules docs`."""
