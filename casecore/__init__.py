"""The pure core: working days, procedures and deadlines, the case state machine and references.

Plain functions and dataclasses. Nothing here imports Flask or peewee; the portal and the tracker call it.
"""
