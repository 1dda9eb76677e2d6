"""Staff: accounts, sign-in with lockout, roles, and the decorator every staff page uses."""
