"""Actor registry: people, institutions and governments by their names in every script."""

from newstrace.actors.registry import Actor, ActorRegistry, Mention, default_actors, tokens

__all__ = ["Actor", "ActorRegistry", "Mention", "default_actors", "tokens"]
