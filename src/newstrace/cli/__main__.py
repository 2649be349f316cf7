from newstrace.cli import app

app(prog_name="newstrace")
