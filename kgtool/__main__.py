from kgtool.cli import main

main(prog_name="kgtool")
