"""Records -> pyoxigraph quads: IRIs minted under the conversion's base, mentions found in text."""

from .iris import Minter, slug
from .mentions import MentionFinder
from .records import Mapper

__all__ = ["Mapper", "MentionFinder", "Minter", "slug"]
