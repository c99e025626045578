from . import test_scoring
