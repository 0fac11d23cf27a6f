"""Voice: juniors speak up safely. Anonymous feedback to a programme and the psychological-safety pulse."""
