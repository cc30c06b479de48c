"""The ``partnercheck`` command's entry point (also ``python -m partnercheck``)."""

import gc


def main() -> None:
    # Start-up is mostly imports: some 50,000 to 70,000 objects (modules,
    # classes, functions, pydantic's schemas) that live as long as the
    # command.  The cycle collector, run every 700 new objects, walks them
    # again and again to free nothing: about 10 ms, a twelfth of a quick
    # command.  It runs every 100,000 instead, so no quick command pays for
    # it; a long one (a questionnaire, a trend, an import) is still collected.
    gc.set_threshold(100_000, 10, 10)
    from .cli import main as run

    run()


if __name__ == "__main__":
    main()
