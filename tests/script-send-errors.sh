# "send" takes no arguments, and inside a frame COMMIT ends the
# transaction, not send.
printf 'zone example\nupdate add a.example 60 A 192.0.2.1\nsend now\n' | $TXSPLIT; echo "rc=$?"
printf 'BEGIN\nzone example\nupdate add a.example 60 A 192.0.2.1\nsend\nCOMMIT\n' | $TXSPLIT; echo "rc=$?"
