from partnercheck.cli import main

main()
