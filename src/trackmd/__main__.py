from trackmd.cli import main

main()
