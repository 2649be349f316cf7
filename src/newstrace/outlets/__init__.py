from newstrace.outlets.registry import Outlet, OutletRegistry, default_registry, domain_of

__all__ = ["Outlet", "OutletRegistry", "default_registry", "domain_of"]
