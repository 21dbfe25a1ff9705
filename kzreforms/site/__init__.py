"""Publishing: the dataset as a static linked-data site that people and machines can read.

:mod:`.build` writes the site, :mod:`.model` and :mod:`.views` are its page
model, :mod:`.catalog` its DCAT/VoID description, :mod:`.labels` the human
labels it shows, and :mod:`.conneg` the content negotiation its server
configurations perform; ``templates/`` and ``static/`` are what it renders.
"""

from .build import SiteReport, publish

__all__ = ["SiteReport", "publish"]
