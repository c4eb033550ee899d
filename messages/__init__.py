"""The prompt library: texts operators edit in prompts.yaml, and the tools to
render them and to count what they cost as SMS."""

from messages.library import Library, LibraryError, Prompt, Rendered, load
from messages.segments import count, fits_one_segment

__all__ = ["Library", "LibraryError", "Prompt", "Rendered", "count", "fits_one_segment", "load"]
