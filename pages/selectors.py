def home_get(*, fetched_by):
    return {}
