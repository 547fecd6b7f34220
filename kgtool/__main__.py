from kgtool.cli.program import main

main(prog_name="kgtool")
