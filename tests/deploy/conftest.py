import pytest
from deploy_env import production_environment


@pytest.fixture
def production(tmp_path):
    """production(**settings): an environment outside demo and test mode, plus ``settings``."""
    return lambda **settings: production_environment(tmp_path, **settings)
