"""Where private uploads are stored: a callable for FileField(storage=...), so the model does not
freeze one storage into its migration and tests can point STORAGES["private"] elsewhere."""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
