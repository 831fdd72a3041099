"""Credentials printed in the source and the README, for the demo: anyone can read them.

The demo's accounts are made with them (``ombud.demo``), and the product refuses them outside
demo mode, as it refuses a published secret key (``startup.KNOWN_KEYS``): a database that began
as the demo keeps those accounts. The product needs them to refuse them whether or not the demo
is switched on, so they live here, below every layer, and the demo takes them from here."""

DEMO_PASSWORD = "ombud-demo"

# The demo accounts that need a second factor (administrators, managers, privacy officers) share
# one authenticator app secret, printed in the README so any app or `oathtool --totp -b` gives the
# code; in demo mode the second step also shows it.
DEMO_TOTP_KEY = b"ombud-demo-totp-key!".hex()  # base32: N5WWE5LEFVSGK3LPFV2G65DQFVVWK6JB
