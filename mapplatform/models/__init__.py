"""Models of the map: resource posts, matches, suggestions of organizations, flags."""

from .flags import Flag, FlagReason, FlagStatus
from .matches import Match, MatchStatus
from .opendata import OpenDataFile
from .photos import PostPhoto
from .posts import PostKind, PostStatus, ResourcePost, ResourceType
from .pyramid import MapBuild, MapDirtyCell, MapLayer, MapLayerState, MapTile
from .subscriptions import AreaSubscription, Digest, DigestEntry, DigestFrequency
from .suggestions import Suggestion, SuggestionStatus

__all__ = [
    "AreaSubscription",
    "Digest",
    "DigestEntry",
    "DigestFrequency",
    "Flag",
    "MapBuild",
    "MapDirtyCell",
    "MapLayer",
    "MapLayerState",
    "MapTile",
    "FlagReason",
    "FlagStatus",
    "Match",
    "MatchStatus",
    "OpenDataFile",
    "PostPhoto",
    "PostKind",
    "PostStatus",
    "ResourcePost",
    "ResourceType",
    "Suggestion",
    "SuggestionStatus",
]
