"""The pure core: data in, data out. No network, database, clock or asyncio here."""
