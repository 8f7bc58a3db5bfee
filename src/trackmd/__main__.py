from trackmd.launch import main

main()
