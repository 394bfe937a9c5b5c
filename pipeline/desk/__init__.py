"""The business office's desk: a case at a glance (`cspr status`), its page
(OUT/<reference>/index.html), the watch that rebuilds it as files land, and the history of
what was done (OUT/<reference>/history.jsonl)."""
