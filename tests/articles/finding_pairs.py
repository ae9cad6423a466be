"""Labelled pairs of claim summaries, written for the findings threshold test.

Each: (criterion name, summary, summary, whether they make the same point). Both summaries
of a pair are about one framework, one criterion, one stance, as the findings compare them.
"""

ADMIN = "Admin panel"
ORM = "ORM and databases"
LEARNING = "Learning curve"
SPEED = "Performance"
COMMUNITY = "Community and popularity"
DOCS = "Documentation"
FIT = "Project size and fit"

PAIRS = [
    # The same point in other words.
    (
        ADMIN,
        "Comes with an admin site out of the box.",
        "Provides a built-in admin interface.",
        True,
    ),
    (ADMIN, "Has an admin panel.", "Includes a ready-to-use administration area.", True),
    (ADMIN, "Ships an admin interface.", "Admin included.", True),
    (ADMIN, "Offers a built-in admin.", "Has its own admin panel.", True),
    (ADMIN, "There is no admin panel built in.", "Lacks a built-in admin interface.", True),
    (ADMIN, "Does not include an admin.", "No admin site without an extension.", False),
    (ORM, "Includes an ORM.", "Offers a built-in ORM layer.", True),
    (ORM, "Ships with its own ORM.", "Provides ORM support.", True),
    (ORM, "Has built-in migrations.", "Includes migrations.", True),
    (ORM, "No database layer of its own.", "Has no built-in ORM.", True),
    (DOCS, "Extensive documentation.", "The documentation is extensive.", True),
    (DOCS, "Thorough, well-organised documentation.", "Well organised and thorough docs.", True),
    (
        COMMUNITY,
        "Has a larger community than Flask.",
        "Its community is larger than Flask's.",
        True,
    ),
    (COMMUNITY, "Has a smaller community than Django.", "Smaller community than Django's.", True),
    (
        COMMUNITY,
        "One of the most popular Python frameworks.",
        "Among the most popular Python frameworks.",
        True,
    ),
    (LEARNING, "Easy to learn.", "Easier to learn than most.", True),
    (LEARNING, "Simple to pick up for beginners.", "Simple for beginners to pick up.", True),
    (FIT, "Suited to large projects.", "Best suited to large projects.", True),
    (FIT, "Great for prototypes.", "Ideal for quick prototypes.", True),
    (
        SPEED,
        "Handles many requests per second.",
        "Handles a high number of requests each second.",
        True,
    ),
    # Different points on the same topic.
    (ADMIN, "The admin can be customised per model.", "Has an admin panel.", False),
    (
        ADMIN,
        "The admin is generated from the models.",
        "The admin needs a third-party theme to look modern.",
        False,
    ),
    (ORM, "Supports raw SQL when the ORM is not enough.", "Includes an ORM.", False),
    (
        ORM,
        "Works with PostgreSQL, MySQL and SQLite.",
        "Migrations are generated from model changes.",
        False,
    ),
    (LEARNING, "Easy to install with pip.", "Easier to learn at first.", False),
    (LEARNING, "Running an app takes one file.", "Easy to learn.", False),
    (LEARNING, "The basics are quick to grasp.", "Mastering it takes years.", False),
    (
        LEARNING,
        "Few rules, which helps beginners.",
        "A simple project layout helps beginners.",
        False,
    ),
    (COMMUNITY, "Has a large community.", "Used by many large companies.", False),
    (COMMUNITY, "Active forum with quick answers.", "Many contributors maintain it.", False),
    (DOCS, "Extensive documentation.", "Many third-party tutorials.", False),
    (DOCS, "Documentation covers every setting.", "Documentation is short and friendly.", False),
    (FIT, "Suited to large projects.", "Suited to microservices.", False),
    (FIT, "Great for prototypes.", "Great for enterprise applications.", False),
    (FIT, "Use it for small apps.", "Use it for APIs.", False),
    (SPEED, "Fast at serving static pages.", "Slow to start up.", False),
    (SPEED, "Handles many requests per second.", "Low memory use per worker.", False),
    (SPEED, "Async views cut latency.", "Caching makes pages fast.", False),
]
