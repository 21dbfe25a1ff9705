"""Publishing: the dataset as a static linked-data site that people and machines can read.

:mod:`.build` runs the build, one named step after another (:mod:`.downloads`,
:mod:`.pages`, :mod:`.ontologypages`, :mod:`.namedpages`, :mod:`.claimsindex`,
:mod:`.search`, :mod:`.sparqlpage`, :mod:`.hosting`) through :mod:`.writer`;
:mod:`.model` looks terms up (paths, links, labels) and :mod:`.claimviews`,
:mod:`.resourceviews` and :mod:`.ontologyviews` build the page views of
:mod:`.views` from it; :mod:`.catalog` is its DCAT/VoID description,
:mod:`.labels` the human labels it shows, and :mod:`.conneg` the content
negotiation its server configurations perform; ``templates/`` and ``static/``
are what it renders.
"""

from .build import SiteReport, publish

__all__ = ["SiteReport", "publish"]
