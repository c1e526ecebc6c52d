#include "player/abr/hedge.h"
