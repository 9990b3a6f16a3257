//! Reading a spreadsheet for an import (being written).
