"""Static files in production: ``collectstatic`` (into OMBUD_STATIC_ROOT) writes each file under
a name holding its content's hash, with a gzip copy beside it (and Brotli, where installed),
and WhiteNoise serves those with a cache lifetime of ten years (a new release has new names).
Not strict: where no collectstatic was run (the demo, a fresh checkout) the plain names are
used and WhiteNoise serves the files from the package, as before."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    manifest_strict = False
