"""Greetings from a package released with veriship: the Python example that the release flow signs."""

__version__ = "0.1.0"


def greet(name: str) -> str:
    """Return a greeting for ``name``."""
    return f"Hello, {name}! This package was released with veriship."


async def fetch_greeting(url: str) -> str:
    """Fetch a greeting over HTTP.

    aiohttp is imported here rather than at the top so that ``import hello_veriship`` works
    without its dependencies installed (the example's tests import it straight from the wheel).
    """
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            response.raise_for_status()
            return await response.text()
