"""Models of the map: resource posts, matches, suggestions of organizations, flags."""

from .flags import Flag, FlagReason, FlagStatus
from .matches import Match, MatchStatus
from .posts import PostKind, PostStatus, ResourcePost, ResourceType
from .pyramid import MapBuild, MapCell, MapDirtyCell, MapLayer, MapLayerState
from .suggestions import Suggestion, SuggestionStatus

__all__ = [
    "Flag",
    "MapBuild",
    "MapCell",
    "MapDirtyCell",
    "MapLayer",
    "MapLayerState",
    "FlagReason",
    "FlagStatus",
    "Match",
    "MatchStatus",
    "PostKind",
    "PostStatus",
    "ResourcePost",
    "ResourceType",
    "Suggestion",
    "SuggestionStatus",
]
