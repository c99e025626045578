from . import controllers, models, report, wizards
from .hooks import uninstall_hook
