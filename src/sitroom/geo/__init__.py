"""Place resolution for one document, in one visible flow (``geo.document.document_places``):

spans -> candidates -> country prior -> ranking -> hierarchy fallback -> ``ResolvedPlace``

* ``spans``, ``toponyms``, ``hierarchy``: toponym spans (NER, cue words, names inside other
  entities, datelines) and the coarser names of written hierarchies ("X (Y LGA, Z)");
* ``names``, ``gazetteer``, ``admin2``: name keys and the offline GeoNames index (candidates);
* ``prior``: the document's country prior, computed before any name is resolved;
* ``context``, ``rank``: the document's candidate mass and the linear candidate ranker;
* ``places``: ``find_places`` ties the steps together; ``document``: the focus country, the
  dateline's city and the country fallback, as the pipeline uses them.

Imports inside the package run one way (names <- admin2 <- gazetteer <- spans/prior/rank <-
context <- hierarchy <- places <- document): no cycles.
"""
