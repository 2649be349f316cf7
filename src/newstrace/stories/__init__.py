"""Stories and narratives: incremental grouping of articles that report one claim or event wave,
across languages and time (issue 5). ``StoryIndex.add(articles, relations)`` assigns a batch;
``stories.store`` persists the index in the newstrace database."""

from newstrace.model import Assignment, Story
from newstrace.stories.clustering import Params, StoryIndex

__all__ = ["Assignment", "Params", "Story", "StoryIndex"]
