from . import controllers, models, report, tools, wizards
from .hooks import uninstall_hook
