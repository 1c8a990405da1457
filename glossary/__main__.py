"""`python -m glossary` runs the command-line tool."""

from glossary.launcher import main

if __name__ == "__main__":
    main()
