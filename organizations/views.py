from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def hierarchy(request):
    return HttpResponse("todo")


unit_detail = organization_detail = hierarchy
