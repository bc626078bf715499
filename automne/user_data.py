"""A participant's data, all of it, as JSON (Loi 25: the right to obtain one's information).

Each app adds its part: a module `user_data.py` in the app with a function
`export_user_data(user)` returning something JSON can write (inscriptions/user_data.py,
cahier/user_data.py). `export_all()` finds them, under each app's label.
"""

import importlib
import importlib.util

from django.apps import apps
from django.utils import timezone


def export_all(user):
    data = {"exporte_le": timezone.now().isoformat()}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.user_data"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        if hasattr(module, "export_user_data"):
            data[config.label] = module.export_user_data(user)
    return data
