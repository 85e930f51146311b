"""Benchmark sizes (issue 11): how much data each size generates, and over which divisions.

The proportions follow the issue: a Jinan-size city (~10,000 practitioners, one station per town,
~50,000 households) and a large province (Sichuan, 51: 3,111 towns, 34,412 villages, 150,000
practitioners). Households are scaled down at province and country size so that generation fits in
minutes; ``client_ratio`` records by how much (docs/bench.md).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    root: str  # division code the data is generated under ("" = the whole country)
    practitioners: int
    organizations: int
    households: int
    towns: int | None = None  # use only the first N towns (tiny)
    members_per_household: float = 2.0
    cases_per_household: float = 0.3
    visits_per_case: int = 4
    staff_per_station: int = 5
    points_per_station: int = 2
    villages_per_point: int = 3
    service_weeks: int = 4  # weeks of logged service hours per staff member
    import_rows: int = 2000
    latency_requests: int = 40
    # Clients the real population of ``root`` has, to state the household scaling honestly.
    real_clients: int | None = None

    @property
    def client_ratio(self) -> float | None:
        generated = self.households * (self.members_per_household)
        return round(generated / self.real_clients, 4) if self.real_clients else None


SIZES = {
    "tiny": Size(
        name="tiny",
        root="3701",
        towns=3,
        practitioners=60,
        organizations=4,
        households=120,
        import_rows=20,
        latency_requests=4,
        service_weeks=2,
    ),
    "city": Size(name="city", root="3701", practitioners=10_000, organizations=200, households=50_000),
    "province": Size(
        name="province",
        root="51",
        practitioners=150_000,
        organizations=3_000,
        households=200_000,
        real_clients=4_000_000,
    ),
    "country": Size(
        name="country",
        root="",
        practitioners=2_000_000,
        organizations=40_000,
        households=2_000_000,
        real_clients=40_000_000,
    ),
}
