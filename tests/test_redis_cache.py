"""The Redis page cache's client (comparator/redis_cache.py) against the Redis server the
deployment and the benchmark use, on a database number of its own."""

import threading

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from comparator.redis_cache import RedisCache

LOCATION = "redis://127.0.0.1:6379/13"


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(LOCATION).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    cache = RedisCache(LOCATION, {"KEY_PREFIX": "test-redis-cache"})
    cache.clear()
    yield cache
    cache.clear()


def test_every_command_goes_through_one_client_and_its_one_connection(redis_cache):
    redis_cache.set("version", "a")
    client = redis_cache._cache.get_client()
    connection = client.connection
    assert connection is not None  # held by the client, not taken from the pool per command

    redis_cache.get("version")
    redis_cache.get_many(["version", "page"])
    redis_cache.set("page", b"<html>")
    redis_cache.delete("page")

    assert redis_cache._cache.get_client() is client
    assert client.connection is connection
    assert client.connection_pool._created_connections <= 2  # the held one, and a pipeline's


def test_a_change_is_read_at_once(redis_cache):
    redis_cache.set("version", "a")
    assert redis_cache.get("version") == "a"
    redis_cache.set("version", "b")
    assert redis_cache.get("version") == "b"
    redis_cache.delete("version")
    assert redis_cache.get("version") is None


def test_threads_do_not_share_a_connection(redis_cache):
    """Django builds a cache per thread; each one's client holds a connection of its own."""
    connections, values = [], []

    def read():
        cache = caches["redis"]  # this thread's own
        for _ in range(50):
            values.append(cache.get("version"))
        connections.append(cache._cache.get_client().connection)

    redis_cache.set("version", "shared")
    backend = {
        "BACKEND": "comparator.redis_cache.RedisCache",
        "LOCATION": LOCATION,
        "KEY_PREFIX": "test-redis-cache",
    }
    with override_settings(CACHES={"default": backend, "redis": backend}):
        threads = [threading.Thread(target=read) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert values == ["shared"] * 200
    assert len({id(connection) for connection in connections}) == 4
