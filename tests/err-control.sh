# Control characters other than tab are refused: here ESC, then DEL
# (tab is fine: see frame-comments).
printf 'BEGIN\nzone example\nupdate add a.example 60 TXT "\033[1m"\nCOMMIT\n' | $TXSPLIT; echo "rc=$?"
printf 'BEGIN\nzone example\nupdate add a.example 60 TXT "\177"\nCOMMIT\n' | $TXSPLIT; echo "rc=$?"
printf 'BEGIN\nzone example\nupdate add a.example 60 TXT "\v"\nCOMMIT\n' | $TXSPLIT; echo "rc=$?"
