"""双随机、一公开: inspection plans, the inspector roster, the reproducible random draw and
the results that become published INSPECTION records."""
