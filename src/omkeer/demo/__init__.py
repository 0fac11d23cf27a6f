"""The demo organisation: about 600 employees, a pilot programme at every stage, and a login per role.

It sits at the top of the layers (it uses every domain app's services and models), beside the web, and holds the
commands that start with it: `omkeer demo` and `omkeer serve`.
"""
