"""Signing in: the password step with its lockout, the second step where one is asked for
(``ombud.twofactor``), choosing a new password by mail, and the start page after it."""
