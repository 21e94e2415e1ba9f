"""Place resolution: spans -> candidates -> country prior -> ranking -> hierarchy fallback -> ResolvedPlace.

* ``sitroom.geo.prior``: the document's country prior (named countries, demonyms, divisions,
  actors with a home ground, dateline, url/outlet), computed before any name is resolved;
* ``sitroom.geo.hierarchy``: hierarchies written in the text ("X (Y, Z)", "X village of Y
  district, Z province", "X, Z state"), the finer name resolved inside the coarser one.
"""
